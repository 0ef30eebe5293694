package io.pharos.workflow;

import io.pharos.support.TestDb;

class SeqeraWorkflowApiH2Test extends SeqeraWorkflowApiContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
