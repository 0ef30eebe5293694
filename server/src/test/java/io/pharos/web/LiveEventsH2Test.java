package io.pharos.web;

import io.pharos.support.TestDb;

class LiveEventsH2Test extends LiveEventsContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
