package io.surge.graphql;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.instrumentation.Instrumentation;
import graphql.introspection.Introspection;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.TypeRuntimeWiring;
import io.surge.app.SurgeConfig.GraphQLLimitsConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoaderRegistry;

/**
 * The executable schema: SDL from {@code graphql-schema}, fetchers from each domain's
 * {@link DomainWiring}, access checks from the SDL's directives, the document cache with its
 * limits, the error mapper and an instrumentation that sees every operation and its result (the
 * audit trail). Built once per node; {@link #execute} is safe from any event loop.
 */
public final class GraphQLEngine {
  private final GraphQL graphQL;
  private final LoaderFactories loaders;
  private final DocumentCache documents;
  private final ResponseCache responses;
  private final PlannedOperations plans;
  private final boolean introspection;

  private GraphQLEngine(GraphQL graphQL, LoaderFactories loaders, DocumentCache documents,
      ResponseCache responses, PlannedOperations plans, boolean introspection) {
    this.graphQL = graphQL;
    this.loaders = loaders;
    this.documents = documents;
    this.responses = responses;
    this.plans = plans;
    this.introspection = introspection;
  }

  /** Hot mutations answered without graphql-java's general execution (see {@link PlannedOperations}). */
  public PlannedOperations plans() {
    return plans;
  }

  /** Storefront answers kept for a moment (see {@link ResponseCache}). */
  public ResponseCache responses() {
    return responses;
  }

  /** Assembles the schema; fails fast if any SDL field is unwired or any root field undeclared. */
  public static GraphQLEngine build(List<DomainWiring> domains, GraphQLLimitsConfig limits,
      boolean introspection, Instrumentation instrumentation) {
    return build(domains, limits, introspection, instrumentation, java.time.Duration.ZERO);
  }

  /** As {@link #build(List, GraphQLLimitsConfig, boolean, Instrumentation)}, with a response cache living {@code responseCacheTtl} (zero: none). */
  public static GraphQLEngine build(List<DomainWiring> domains, GraphQLLimitsConfig limits,
      boolean introspection, Instrumentation instrumentation, java.time.Duration responseCacheTtl) {
    TypeDefinitionRegistry sdl = SchemaFiles.load();
    SchemaWiring wiring = new SchemaWiring();
    new NodeWiring(wiring).wire(wiring);
    domains.forEach(domain -> domain.wire(wiring));
    GraphQLSchema schema = schema(sdl, wiring);
    List<String> unwired = WiringCheck.unwiredFields(schema, wiring);
    if (!unwired.isEmpty()) {
      throw new IllegalStateException("GraphQL fields without a data fetcher: " + unwired);
    }
    DocumentCache documents = new DocumentCache(new QueryLimits(limits), 10_000);
    ResponseCache responses = ResponseCache.fromSdl(sdl, responseCacheTtl);
    documents.cacheableWhen(responses::cacheable);
    GraphQL graphQL = GraphQL.newGraphQL(schema)
        .preparsedDocumentProvider(documents)
        .defaultDataFetcherExceptionHandler(new ErrorMapper())
        .instrumentation(instrumentation)
        .build();
    LoaderFactories loaders = new LoaderFactories();
    domains.forEach(domain -> domain.loaders(loaders));
    PlannedOperations plans = new PlannedOperations();
    domains.forEach(domain -> domain.plans(plans));
    return new GraphQLEngine(graphQL, loaders, documents, responses, plans, introspection);
  }

  /** The executable schema with every fetcher, guarded as the SDL says; also used by tests. */
  static GraphQLSchema schema(TypeDefinitionRegistry sdl, SchemaWiring wiring) {
    AccessPolicy access = AccessPolicy.fromSdl(sdl);
    Map<FieldCoordinates, DataFetcher<?>> fetchers = access.guard(wiring.fetchers());
    Map<String, Map<String, DataFetcher>> byType = new HashMap<>();
    fetchers.forEach((coordinates, fetcher) -> byType
        .computeIfAbsent(coordinates.getTypeName(), type -> new HashMap<>())
        .put(coordinates.getFieldName(), fetcher));
    RuntimeWiring.Builder runtime = RuntimeWiring.newRuntimeWiring()
        .scalar(Scalars.DATE_TIME)
        .scalar(Scalars.DECIMAL)
        .scalar(Scalars.CURRENCY_CODE)
        .scalar(Scalars.COUNTRY_CODE)
        .type(TypeRuntimeWiring.newTypeWiring("Node")
            .typeResolver(env -> env.getSchema().getObjectType(wiring.typeNameOf(env.getObject()))));
    byType.forEach((type, typeFetchers) ->
        runtime.type(TypeRuntimeWiring.newTypeWiring(type).dataFetchers(typeFetchers)));
    return new SchemaGenerator().makeExecutableSchema(sdl, runtime.build());
  }

  /**
   * Binds a request to its context; the context's loaders must come from {@link #newLoaders()}.
   * After execution the input's GraphQLContext holds {@link DocumentCache#OPERATION_NAME}.
   */
  public ExecutionInput prepare(ExecutionInput.Builder input, RequestContext context,
      boolean queriesOnly) {
    return bind(input, context, queriesOnly).build();
  }

  /** Configures a builder for one request (HTTP, or a WebSocket subscription). */
  public ExecutionInput.Builder bind(ExecutionInput.Builder input, RequestContext context,
      boolean queriesOnly) {
    return input
        .dataLoaderRegistry(context.loaders())
        .graphQLContext(builder -> {
          builder.put(RequestContext.class, context);
          builder.put(DocumentCache.QUERIES_ONLY, queriesOnly);
          if (!introspection) {
            builder.put(Introspection.INTROSPECTION_DISABLED, true);
          }
        });
  }

  public CompletableFuture<ExecutionResult> execute(ExecutionInput input) {
    return graphQL.executeAsync(input);
  }

  /** A fresh DataLoader registry for one request. */
  public DataLoaderRegistry newLoaders() {
    return loaders.newRegistry();
  }

  public GraphQL graphQL() {
    return graphQL;
  }

  public GraphQLSchema schema() {
    return graphQL.getGraphQLSchema();
  }

  public DocumentCache documents() {
    return documents;
  }

}
