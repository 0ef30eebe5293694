package io.pharos;

import io.pharos.support.TestDb;

class ServeProcessPostgresIT extends ServeProcessContractIT {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
