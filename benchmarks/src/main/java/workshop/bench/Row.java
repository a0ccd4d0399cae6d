package workshop.bench;

/** One figure of the results table: measures itself and says what it found. */
public interface Row {

    /** The figure's id, for {@code --only}. */
    String id();

    Figure run(Context context) throws Exception;
}
