#!/usr/bin/env nextflow
// Test pipeline for nf-pharos: 4 processes, 3 * params.n + 1 tasks, each sleeping 0.1-0.3 s.
//   --n N          samples (default 10: 31 tasks)
//   --fail_on S    UPPER exits 3 for sample S: the run fails (errorStrategy terminate)
//   --flaky S      CHECK exits 7 on the first attempt for sample S, then succeeds (retry)
//   --nap SECONDS  extra sleep in every GREET task (for runs that must last a while)
params.n = 10
params.fail_on = ''
params.flaky = ''
params.nap = 0

process GREET {
    tag "$id"
    input:
    val id
    output:
    tuple val(id), path("${id}.txt")
    script:
    """
    sleep 0.${(id % 3) + 1}
    sleep ${params.nap}
    echo "hello sample ${id}" > ${id}.txt
    """
}

process UPPER {
    tag "$id"
    input:
    tuple val(id), path(f)
    output:
    tuple val(id), path("${id}.up.txt")
    script:
    """
    sleep 0.${((id + 1) % 3) + 1}
    if [ "${id}" = "${params.fail_on}" ]; then echo "failing on purpose" >&2; exit 3; fi
    tr a-z A-Z < ${f} > ${id}.up.txt
    """
}

process CHECK {
    tag "$id"
    errorStrategy { task.exitStatus == 7 ? 'retry' : 'terminate' }
    maxRetries 2
    input:
    tuple val(id), path(f)
    output:
    path("${id}.ok")
    script:
    """
    sleep 0.${((id + 2) % 3) + 1}
    if [ "${id}" = "${params.flaky}" ] && [ ${task.attempt} -eq 1 ]; then exit 7; fi
    wc -c < ${f} > ${id}.ok
    """
}

process COLLECT {
    input:
    path(oks)
    output:
    path("all.txt")
    script:
    """
    sleep 0.1
    cat ${oks} > all.txt
    """
}

workflow {
    ids = Channel.of(1..params.n)
    GREET(ids) | UPPER | CHECK
    COLLECT(CHECK.out.collect())
}
