package io.pharos.workflow;

import io.pharos.support.TestDb;

class RunSearchH2Test extends RunSearchContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
