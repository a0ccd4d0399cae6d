// Runs once archetype:generate has written the project. The archetype jar keeps no file modes, so
// the Maven wrapper lost its run bit: give it back. (Where that fails, 'sh mvnw test' still works.)
import java.nio.file.Paths

def project = Paths.get(request.outputDirectory, request.artifactId).toAbsolutePath().normalize()
def mvnw = project.resolve('mvnw').toFile()
def runnable = mvnw.isFile() && (mvnw.canExecute() || mvnw.setExecutable(true, false))
def windows = System.getProperty('os.name', '').toLowerCase().startsWith('windows')
def command = windows ? 'mvnw' : (runnable ? './mvnw' : 'sh mvnw')

def here = Paths.get(System.getProperty('user.dir')).toAbsolutePath().normalize()
def folder = project.startsWith(here) && project != here ? here.relativize(project).toString() : project.toString()

println """
Your Thread Pool Workshop is ready in ${project}
Next:
  cd ${folder}
  ${command} test
Every exercise starts out failing; the table printed after the tests says where to begin.
README.md explains the rest.
"""

// Generated inside another Maven project's folder, the archetype plugin makes the workshop a module of
// that project and gives it that project as parent. Say so: the workshop is meant to stand alone.
def outer = Paths.get(request.outputDirectory).resolve('pom.xml').toFile()
if (outer.isFile()) {
    println """WARNING: ${outer} already existed, so Maven added '${request.artifactId}' to its <modules> and made it
the <parent> of ${project.resolve('pom.xml')}. The workshop is meant to stand alone: delete ${project},
undo the change to ${outer}, and generate it again in a folder without a pom.xml (or add
-DoutputDirectory=<such a folder>).
"""
}
