package workshop.testkit.progress;

/** Where a learner stands on one exercise, as its visible tests say. */
public enum Status {
    /** Every visible test of the exercise passes. */
    DONE("done"),
    /** Some tests pass, or the code no longer throws the stub's "TODO" but is not right yet. */
    IN_PROGRESS("in progress"),
    /** Every test fails because the stub still throws its "TODO: exercise N ..." exception. */
    NOT_STARTED("not started"),
    /** None of its tests ran this time (only other exercises were selected). */
    NOT_RUN("not run");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    /** How the progress table prints it. */
    public String label() {
        return label;
    }
}
