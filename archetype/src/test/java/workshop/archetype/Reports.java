package workshop.archetype;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The test cases of Surefire's XML reports in a generated project. */
final class Reports {

    /** One test case: its class, method, and the message it failed with (null if it passed). */
    record TestCase(String className, String name, String failure, double seconds) {
        boolean passed() {
            return failure == null;
        }
    }

    private Reports() {}

    static List<TestCase> of(Path project) {
        List<TestCase> cases = new ArrayList<>();
        Path reports = project.resolve("target/surefire-reports");
        for (Path file : Workshop.files(reports)) {
            String name = file.getFileName().toString();
            if (!name.startsWith("TEST-") || !name.endsWith(".xml")) {
                continue;
            }
            try {
                Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(reports.resolve(file).toFile()).getDocumentElement();
                NodeList testcases = suite.getElementsByTagName("testcase");
                for (int i = 0; i < testcases.getLength(); i++) {
                    Element testcase = (Element) testcases.item(i);
                    cases.add(new TestCase(testcase.getAttribute("classname"), testcase.getAttribute("name"),
                            failure(testcase), seconds(testcase.getAttribute("time"))));
                }
            } catch (Exception e) {
                throw new AssertionError("cannot read the Surefire report " + reports.resolve(file), e);
            }
        }
        return cases;
    }

    private static double seconds(String time) {
        try {
            return Double.parseDouble(time.replace(",", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String failure(Element testcase) {
        for (String tag : List.of("failure", "error")) {
            NodeList found = testcase.getElementsByTagName(tag);
            if (found.getLength() > 0) {
                Element element = (Element) found.item(0);
                return element.getAttribute("message") + "\n" + element.getTextContent();
            }
        }
        return null;
    }
}
