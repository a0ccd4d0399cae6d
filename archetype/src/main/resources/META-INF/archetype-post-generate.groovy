// Runs once archetype:generate has written the project. The archetype jar keeps no file modes, so
// the Maven wrapper lost its run bit: give it back. (Where that fails, 'sh mvnw test' still works.)
import java.nio.file.Paths

def project = Paths.get(request.outputDirectory, request.artifactId)
def mvnw = project.resolve('mvnw').toFile()
def runnable = mvnw.isFile() && (mvnw.canExecute() || mvnw.setExecutable(true, false))
def command = System.getProperty('os.name', '').toLowerCase().startsWith('windows') ? 'mvnw' : (runnable ? './mvnw' : 'sh mvnw')

println """
Your Thread Pool Workshop is ready in ${project}
Next:
  cd ${request.artifactId}
  ${command} test
Every exercise starts out failing; the table printed after the tests says where to begin.
README.md explains the rest.
"""
