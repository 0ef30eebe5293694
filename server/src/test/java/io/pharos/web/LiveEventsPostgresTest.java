package io.pharos.web;

import io.pharos.support.TestDb;

class LiveEventsPostgresTest extends LiveEventsContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
