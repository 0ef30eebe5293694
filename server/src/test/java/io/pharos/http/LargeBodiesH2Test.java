package io.pharos.http;

import io.pharos.support.TestDb;

class LargeBodiesH2Test extends LargeBodiesContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
