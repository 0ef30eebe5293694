package io.pharos.workflow;

import io.pharos.support.TestDb;

class RunSearchPostgresTest extends RunSearchContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
