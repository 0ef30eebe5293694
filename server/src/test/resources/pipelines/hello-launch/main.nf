// A small pipeline for launch tests: two processes, a few quick tasks, params from the launch.
params.names = 'alice,bob,carol'
params.sleep = 0.2
params.fail = false

process GREET {
    tag "$name"
    input:
    val name
    output:
    path "${name}.txt"
    script:
    """
    echo "Hello ${name}" > ${name}.txt
    sleep ${params.sleep}
    """
}

process SHOUT {
    tag "$f.baseName"
    input:
    path f
    output:
    path "${f.baseName}.upper.txt"
    script:
    """
    if [ "${params.fail}" = "true" ] && [ "${f.baseName}" = "bob" ]; then echo "bob refuses" >&2; exit 7; fi
    tr a-z A-Z < ${f} > ${f.baseName}.upper.txt
    sleep ${params.sleep}
    """
}

workflow {
    // SHOUT starts once every GREET is done, so a failing SHOUT never cuts a GREET short and a
    // resumed run finds all of them in the cache.
    Channel.of(params.names.split(',')) | GREET | collect | flatten | SHOUT | view { "done: ${it.name}" }
}
