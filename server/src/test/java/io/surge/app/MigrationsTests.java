package io.surge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.infra.pg.Migrations;
import io.surge.infra.pg.PgUrl;
import io.surge.support.Db;
import io.surge.support.TestServices;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Migrations")
class MigrationsTests {

  @Test
  @DisplayName("apply to an empty database, create every table, and are a no-op the second time")
  void emptyDatabase() {
    String url = TestServices.freshDatabase("migrate");
    Migrations.migrate(PgUrl.parse(url));
    assertThat(Db.column(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
        .contains("product", "variant", "variant_price", "location", "channel", "channel_location", "stock", "api_key");
    long applied = Db.count(url, "SELECT count(*) FROM flyway_schema_history WHERE success");
    Migrations.migrate(PgUrl.parse(url));
    assertThat(Db.count(url, "SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(applied);
  }
}
