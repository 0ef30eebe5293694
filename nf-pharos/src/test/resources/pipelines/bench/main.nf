#!/usr/bin/env nextflow
// Overhead benchmark: params.n trivial tasks (default 2000) of one process.
params.n = 2000

process TRIVIAL {
    input:
    val i
    output:
    val i
    script:
    """
    true
    """
}

workflow {
    TRIVIAL(Channel.of(1..params.n))
}
