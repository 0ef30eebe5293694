package io.pharos.http;

import io.pharos.support.TestDb;

class HttpApiH2Test extends HttpApiContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
