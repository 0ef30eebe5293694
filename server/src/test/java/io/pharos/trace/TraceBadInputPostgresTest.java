package io.pharos.trace;

import io.pharos.support.TestDb;

class TraceBadInputPostgresTest extends TraceBadInputContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
