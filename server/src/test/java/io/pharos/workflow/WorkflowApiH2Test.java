package io.pharos.workflow;

import io.pharos.support.TestDb;

class WorkflowApiH2Test extends WorkflowApiContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
