// A hostile pipeline for tests: its own code replaces files of the run folder it was launched in
// (the head job's console and Nextflow's log) by links to another file, as any pipeline could.
// params.mode: symlink or hardlink; params.hold > 0 keeps the run going with one sleeping task.
import java.nio.file.Files
import java.nio.file.Paths

params.target = null
params.mode = 'symlink'
params.hold = 0

def linkToTarget(String name) {
    def here = workflow.launchDir.resolve(name)
    def target = Paths.get(params.target as String)
    Files.deleteIfExists(here)
    if (params.mode == 'hardlink') {
        Files.createLink(here, target)
    } else {
        Files.createSymbolicLink(here, target)
    }
}

process HOLD {
    input:
    val seconds
    script:
    """
    sleep ${seconds}
    """
}

workflow {
    linkToTarget('console.txt')
    linkToTarget('.nextflow.log')
    println "linked the run's files to ${params.target}"
    if (params.hold as double > 0) {
        HOLD(Channel.of(params.hold))
    }
}
