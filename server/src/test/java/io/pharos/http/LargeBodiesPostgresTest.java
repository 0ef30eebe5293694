package io.pharos.http;

import io.pharos.support.TestDb;

class LargeBodiesPostgresTest extends LargeBodiesContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
