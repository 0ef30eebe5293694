package io.pharos.workflow;

import io.pharos.support.TestDb;

class WorkflowApiPostgresTest extends WorkflowApiContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
