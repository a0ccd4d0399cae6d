// Runs once archetype:generate has written the project.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.regex.Matcher
import java.util.regex.Pattern

def project = Paths.get(request.outputDirectory, request.artifactId).toAbsolutePath().normalize()

// Generated inside another Maven project's folder, the archetype plugin has just made the workshop a module
// of that project: it added a <module> to that pom and rewrote the workshop's pom with that project as its
// <parent> (a rewrite that breaks it: an empty <argLine></argLine> is dropped, and the tests cannot start).
// The workshop is meant to stand alone: take both back, and refuse with where to generate it instead.
def outer = Paths.get(request.outputDirectory).toAbsolutePath().normalize().resolve('pom.xml')
if (Files.isRegularFile(outer)) {
    def text = new String(Files.readAllBytes(outer), 'UTF-8')
    def module = Pattern.compile('\\r?\\n?[ \\t]*<module>' + Pattern.quote(request.artifactId) + '</module>')
    def undone = module.matcher(text).replaceFirst('')
    undone = undone.replaceFirst('\\r?\\n?[ \\t]*<modules>\\s*</modules>', '')
    // Its rewrite also joins the XML declaration and the root element: part them again.
    undone = undone.replaceFirst('^(<\\?xml[^>]*\\?>)<', '$1' + System.lineSeparator() + '<')
    if (undone != text) {
        Files.write(outer, undone.getBytes('UTF-8'))
    }
    if (Files.exists(project)) {
        Files.walk(project).sorted(Comparator.reverseOrder()).forEach { Files.delete(it) }
    }
    def parent = outer.parent.parent ?: outer.parent
    def message = """
The workshop was not generated: ${outer} exists, and Maven would have made the workshop a module of
that project. The workshop is meant to stand alone, in a folder without a pom.xml. Generate it there,
for instance next to this folder:
  add -DoutputDirectory=${parent} to the same command (or run it from such a folder).
Nothing was left behind (${project} is gone, ${outer.fileName} has no <module>${request.artifactId}</module>).
"""
    println message
    throw new IllegalStateException("not generated: ${outer} exists; generate the workshop in a folder without a pom.xml, e.g. -DoutputDirectory=${parent}")
}

// The archetype jar keeps no file modes, so the Maven wrapper lost its run bit: give it back. (Where that
// fails, 'sh mvnw test' still works.)
def mvnw = project.resolve('mvnw').toFile()
def runnable = mvnw.isFile() && (mvnw.canExecute() || mvnw.setExecutable(true, false))
def windows = System.getProperty('os.name', '').toLowerCase().startsWith('windows')
def command = windows ? 'mvnw' : (runnable ? './mvnw' : 'sh mvnw')

// Where the learner typed the command: scripts/new-starter-project runs Maven elsewhere and says so.
def cwd = System.getProperty('workshop.cwd')
def here = Paths.get(cwd ? cwd : System.getProperty('user.dir')).toAbsolutePath().normalize()
def folder = project.startsWith(here) && project != here ? here.relativize(project).toString() : project.toString()

println """
Your Thread Pool Workshop is ready in ${project}
Next:
  cd ${folder}
  ${command} test
Every exercise starts out failing; the table printed after the tests says where to begin.
README.md explains the rest.
"""
