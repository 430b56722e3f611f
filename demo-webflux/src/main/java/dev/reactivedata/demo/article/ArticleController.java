package dev.reactivedata.demo.article;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.reactivedata.core.bulk.ImportReport;
import dev.reactivedata.core.bulk.LineImporter;
import dev.reactivedata.core.query.DataQuery;
import dev.reactivedata.core.query.InvalidQueryException;
import dev.reactivedata.core.query.QueryRequest;
import dev.reactivedata.core.repository.ReactiveDataRepository;
import dev.reactivedata.core.tx.Transactions;
import dev.reactivedata.demo.web.ProblemTypes;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;
import org.springframework.core.codec.StringDecoder;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The tenant's articles: {@code /api/articles} (but for {@code GET /api/articles/{id}}, which {@link ArticleRoutes}
 * answers). Writes run as retrying units of work (a deadlock or
 * serialization failure re-runs the whole write, DESIGN §3) through the caching repository, whose every write
 * invalidates the cache after the commit.
 */
@RestController
@RequestMapping("/api/articles")
class ArticleController {

	private static final Sort COMMENT_ORDER = Sort.by("createdAt", "id");

	/** Splits an import body into lines as it arrives; a line may hold a full article (100,000 characters). */
	private static final StringDecoder LINES = StringDecoder.allMimeTypes();

	static {
		LINES.setMaxInMemorySize(1024 * 1024);
	}

	private final ArticleRepository articles;

	private final ReactiveDataRepository<Article, UUID> writes;

	private final CommentRepository comments;

	private final ArticleMapper mapper;

	private final LineImporter<Article> importer;

	private final TransactionalOperator atomicImports;

	private final Transactions transactions;

	private final CachedArticles cached;

	ArticleController(ArticleRepository articles, CommentRepository comments, ArticleMapper mapper,
			ArticleImportParser parser, TransactionalOperator atomicImports, Transactions transactions,
			CachedArticles cached) {
		this.articles = articles;
		this.writes = cached.repository();
		this.comments = comments;
		this.mapper = mapper;
		this.importer = new LineImporter<>(parser, this.writes::insertAll);
		this.atomicImports = atomicImports;
		this.transactions = transactions;
		this.cached = cached;
	}

	@PostMapping
	Mono<ResponseEntity<ArticleResponse>> create(@Valid @RequestBody ArticleRequest request) {
		return this.transactions
			.retrying(() -> Mono.fromCallable(() -> this.mapper.toNewArticle(request))
				.flatMap(this.writes::save))
			.map(this.mapper::toResponse)
			.map(article -> ResponseEntity.created(URI.create("/api/articles/" + article.id()))
				.eTag(String.valueOf(article.version()))
				.body(article));
	}

	@PutMapping("/{id}")
	Mono<ResponseEntity<ArticleResponse>> update(@PathVariable UUID id, @Valid @RequestBody ArticleRequest request) {
		return this.transactions
			.retrying(() -> this.articles.findById(id)
				.switchIfEmpty(Mono.error(() -> notFound(id)))
				.map(article -> this.mapper.replace(article, request))
				.flatMap(this.writes::save))
			.onErrorResume(error -> evictedAfterFailure(id, error))
			.map(this.mapper::toResponse)
			.map(article -> ResponseEntity.ok().eTag(String.valueOf(article.version())).body(article));
	}

	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> delete(@PathVariable UUID id) {
		return this.transactions
			.retrying(() -> this.writes.deleteIfPresent(id))
			.onErrorResume(error -> evictedAfterFailure(id, error))
			.flatMap(deleted -> deleted ? Mono.just(ResponseEntity.noContent().<Void>build()) : Mono.error(notFound(id)));
	}

	@PostMapping("/{id}/restore")
	Mono<ResponseEntity<ArticleResponse>> restore(@PathVariable UUID id) {
		return this.transactions.retrying(() -> this.writes.restore(id))
			.onErrorResume(error -> evictedAfterFailure(id, error))
			.map(this.mapper::toResponse)
			.map(article -> ResponseEntity.ok().eTag(String.valueOf(article.version())).body(article))
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No deleted article " + id)));
	}

	@GetMapping
	Mono<ArticlePage> list(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String include) {
		return Mono.fromCallable(() -> parse(exchange.getRequest().getQueryParams(), include))
			.flatMap(request -> this.articles.findPage(request.query(), request.pageable())
				.flatMap(page -> withComments(page.getContent(), includeComments(include))
					.map(items -> toPage(page, items, request))));
	}

	@GetMapping("/scroll")
	Mono<ArticleWindow> scroll(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable String include) {
		return Mono.fromCallable(() -> parse(exchange.getRequest().getQueryParams(), include))
			.flatMap(request -> this.articles.scroll(request.query(), cursor, request.size())
				.flatMap(window -> withComments(window.items(), includeComments(include))
					.map(items -> new ArticleWindow(items, window.nextCursor()))));
	}

	@PostMapping(path = "/import", consumes = { MediaType.APPLICATION_NDJSON_VALUE, MediaType.TEXT_PLAIN_VALUE })
	Mono<ResponseEntity<?>> importArticles(ServerWebExchange exchange, @RequestParam(defaultValue = "false") boolean atomic) {
		Flux<String> lines = LINES.decode(exchange.getRequest().getBody(), ResolvableType.forClass(String.class), null, Map.of());
		if (!atomic) {
			return this.importer.importLines(lines).map(report -> ResponseEntity.ok(ImportResponse.of(report)));
		}
		return this.importer.importAtomically(lines, this.atomicImports).map(ArticleController::atomicImportAnswer);
	}

	/** An atomic import with a rejected line inserted nothing: a 422 problem that lists the lines. */
	private static ResponseEntity<?> atomicImportAnswer(ImportReport report) {
		if (report.rejected().isEmpty()) {
			return ResponseEntity.ok(ImportResponse.of(report));
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				"No article was imported: " + report.rejected().size() + " line(s) were rejected.");
		problem.setType(ProblemTypes.forStatus(HttpStatus.UNPROCESSABLE_CONTENT));
		problem.setProperty("inserted", report.inserted());
		problem.setProperty("rejected", report.rejected());
		return ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	@GetMapping(path = "/export", produces = MediaType.APPLICATION_NDJSON_VALUE)
	Flux<ArticleResponse> exportNdjson() {
		return this.articles.findAll(DataQuery.all()).map(this.mapper::toResponse);
	}

	@GetMapping(path = "/export", produces = "text/csv")
	Flux<String> exportCsv() {
		return Flux.concat(Mono.just(ArticleMapper.CSV_HEADER), this.articles.findAll(DataQuery.all(), (row, metadata) -> this.mapper.toCsv(row)));
	}

	@GetMapping("/{id}/comments")
	Flux<CommentResponse> comments(@PathVariable UUID id) {
		return this.articles.existsById(id)
			.flatMapMany(exists -> exists ? this.comments.findAll(DataQuery.where(Criteria.where("articleId").is(id)).sort(COMMENT_ORDER))
					: Flux.error(notFound(id)))
			.map(CommentResponse::of);
	}

	@PostMapping("/{id}/comments")
	Mono<ResponseEntity<CommentResponse>> addComment(@PathVariable UUID id, @Valid @RequestBody CommentRequest request) {
		return this.transactions
			.retrying(() -> this.articles.existsById(id)
				.flatMap(exists -> exists ? this.comments.save(new Comment(id, request.author(), request.body()))
						: Mono.error(notFound(id))))
			.map(CommentResponse::of)
			.map(comment -> ResponseEntity.created(URI.create("/api/articles/" + id + "/comments/" + comment.id())).body(comment));
	}

	private static QueryRequest parse(MultiValueMap<String, String> parameters, @Nullable String include) {
		includeComments(include);
		return ArticleQueries.SPEC.parse(parameters);
	}

	private static boolean includeComments(@Nullable String include) {
		if (include == null || include.isEmpty()) {
			return false;
		}
		if (!include.equals("comments")) {
			throw new InvalidQueryException(List.of(new InvalidQueryException.Violation("include", "only 'comments' can be included")));
		}
		return true;
	}

	private Mono<List<ArticleResponse>> withComments(List<Article> page, boolean include) {
		List<ArticleResponse> items = page.stream().map(this.mapper::toResponse).toList();
		if (!include) {
			return Mono.just(items);
		}
		return this.articles.loadChildren(page, Comment.class, "articleId", COMMENT_ORDER)
			.map(children -> items.stream()
				.map(item -> item.withComments(children.getOrDefault(item.id(), List.of()).stream().map(CommentResponse::of).toList()))
				.toList());
	}

	private static ArticlePage toPage(Page<Article> page, List<ArticleResponse> items, QueryRequest request) {
		return new ArticlePage(items, request.page(), request.size(), page.getTotalElements(), page.getTotalPages());
	}

	/**
	 * After a failed write the outcome may be unknown (the connection was lost at commit, the statement timed
	 * out): the cache entry goes before the error is answered, so no later read serves an older value than what
	 * may have committed. A write refused for its content or version changed nothing and keeps the entry.
	 */
	private <T> Mono<T> evictedAfterFailure(UUID id, Throwable error) {
		if (error instanceof ResponseStatusException || error instanceof OptimisticLockingFailureException) {
			return Mono.error(error);
		}
		return this.cached.evict(id).onErrorResume(evictFailed -> {
			error.addSuppressed(evictFailed);
			return Mono.empty();
		}).then(Mono.error(error));
	}

	static ResponseStatusException notFound(UUID id) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "No article " + id);
	}

}
