package io.pharos.trace;

import io.pharos.support.TestDb;

class TraceIngestionH2Test extends TraceIngestionContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
