package io.pharos.trace;

import io.pharos.support.TestDb;

class TraceBadInputH2Test extends TraceBadInputContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
