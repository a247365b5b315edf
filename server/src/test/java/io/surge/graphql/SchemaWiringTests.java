package io.surge.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import graphql.schema.idl.SchemaParser;
import io.surge.support.TestNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Schema wiring")
class SchemaWiringTests {

  @Test
  @DisplayName("every field of the SDL has a data fetcher or a source-class accessor")
  void everyFieldIsWired() {
    var engine = TestNode.shared().node().engine();
    // Rebuild the wiring the engine used and check it against the full schema.
    var wiring = new SchemaWiring();
    new NodeWiring(wiring).wire(wiring);
    TestNode.shared().node().services().wirings().forEach(d -> d.wire(wiring));
    assertThat(WiringCheck.unwiredFields(engine.schema(), wiring)).isEmpty();
  }

  @Test
  @DisplayName("the check names a field nothing resolves")
  void checkFindsUnwiredField() {
    var sdl = new SchemaParser().parse("""
        directive @access(roles: [String!]!) on FIELD_DEFINITION
        type Query { thing: Thing @access(roles: ["ADMIN"]) }
        type Thing { name: String size: Int }
        """);
    var wiring = new SchemaWiring().query("thing", env -> null).source("Thing", Named.class);
    var schema = graphql.schema.idl.UnExecutableSchemaGenerator.makeUnExecutableSchema(sdl);
    assertThat(WiringCheck.unwiredFields(schema, wiring)).containsExactly("Thing.size");
  }

  @Test
  @DisplayName("a root field without @access or @public is refused at start-up")
  void rootFieldsDeclareAccess() {
    var sdl = new SchemaParser().parse("""
        type Query { open: String }
        """);
    assertThatThrownBy(() -> AccessPolicy.fromSdl(sdl)).hasMessageContaining("Query.open");
  }

  @Test
  @DisplayName("the index of SDL files lists files that exist, each once")
  void schemaFiles() {
    assertThat(SchemaFiles.names()).doesNotHaveDuplicates().contains("schema.graphqls", "catalog.graphqls");
    assertThat(SchemaFiles.load().types()).containsKeys("Product", "Channel", "Location", "ApiKey");
  }

  /** A source class with only {@code name}. */
  public record Named(String name) {}
}
