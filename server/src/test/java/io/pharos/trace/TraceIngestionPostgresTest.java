package io.pharos.trace;

import io.pharos.support.TestDb;

class TraceIngestionPostgresTest extends TraceIngestionContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
