package io.surge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.infra.pg.Migrations;
import io.surge.infra.pg.PgUrl;
import io.surge.support.Db;
import io.surge.support.TestServices;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Demo data")
class DemoDataTests {

  @Test
  @DisplayName("seeds one channel, three locations, 1,000 products with variants, prices and stock; a second run does nothing")
  void seedsOnce() throws Exception {
    String url = TestServices.freshDatabase("demo");
    Migrations.migrate(PgUrl.parse(url));
    assertThat(DemoData.seed(PgUrl.parse(url))).isTrue();
    assertThat(DemoData.seed(PgUrl.parse(url))).isFalse();
    assertThat(Db.count(url, "SELECT count(*) FROM channel")).isEqualTo(1);
    assertThat(Db.count(url, "SELECT count(DISTINCT address_city) FROM location")).isEqualTo(3);
    assertThat(Db.count(url, "SELECT count(*) FROM product")).isEqualTo(1000);
    assertThat(Db.count(url, "SELECT count(*) FROM variant")).isEqualTo(3000);
    assertThat(Db.count(url, "SELECT count(*) FROM variant_price")).isEqualTo(3000);
    assertThat(Db.count(url, "SELECT count(*) FROM stock WHERE on_hand > 0")).isEqualTo(9000);
    assertThat(Db.column(url, "SELECT title FROM variant WHERE sku = 'DEMO-0001-M'")).containsExactly("M");
  }
}
