package io.pharos.workflow;

/** The workflow API's fields the Seqera spec does not name, for tests outside this package. */
public final class SeqeraFieldsForTests {
    public static final String[] NOT_IN_SPEC_LIST = SeqeraWorkflowApiContractTest.NOT_IN_SPEC_LIST;

    private SeqeraFieldsForTests() {
    }
}
