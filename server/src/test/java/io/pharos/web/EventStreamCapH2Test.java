package io.pharos.web;

import io.pharos.support.TestDb;

class EventStreamCapH2Test extends EventStreamCapContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
