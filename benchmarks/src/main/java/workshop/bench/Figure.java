package workshop.bench;

/**
 * One line of the results table, and its section below it.
 *
 * @param id the figure's id ({@code -Dbench.only=id})
 * @param title what is measured ("ordered map makespan / ideal")
 * @param workload the workload ("n=1000, L=50 ms, w=100")
 * @param goal where we must land ("<= 1.05")
 * @param ours our figure: median (min–max)
 * @param beside the Python or plain-JDK figure measured in the same run
 * @param verdict met, missed, shown, pending ...
 * @param details the section: every variant, where the time goes, notes (Markdown)
 */
public record Figure(String id, String title, String workload, String goal, String ours, String beside, String verdict,
        String details) {

    /** A figure that was not run this time ({@code --only}). */
    public static Figure skipped(String id) {
        return new Figure(id, id + " (not run)", "-", "-", "not run", "-", "not run (--only)", "Not run this time (`--only`).");
    }

    /** The verdict for a figure whose value must stay at or below its goal. */
    public static String atMost(double value, double goal) {
        return value <= goal ? "met" : "**missed**";
    }
}
