package io.pharos.workflow;

import io.pharos.support.TestDb;

class SeqeraWorkflowApiPostgresTest extends SeqeraWorkflowApiContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
