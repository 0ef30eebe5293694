package io.pharos.http;

import io.pharos.support.TestDb;

class HttpApiPostgresTest extends HttpApiContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
