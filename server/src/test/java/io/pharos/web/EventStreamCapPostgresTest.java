package io.pharos.web;

import io.pharos.support.TestDb;

class EventStreamCapPostgresTest extends EventStreamCapContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
