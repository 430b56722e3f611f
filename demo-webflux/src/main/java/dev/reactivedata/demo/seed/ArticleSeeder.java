package dev.reactivedata.demo.seed;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivedata.core.audit.AuditContext;
import dev.reactivedata.core.seed.SeedContext;
import dev.reactivedata.core.seed.SeedCounts;
import dev.reactivedata.core.seed.Seeder;
import dev.reactivedata.core.tenant.TenantContext;
import dev.reactivedata.demo.article.Article;
import dev.reactivedata.demo.article.ArticleRepository;
import dev.reactivedata.demo.article.ArticleStatus;
import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Profiles {@code dev} and {@code demo}: realistic articles (titles, bodies, tags, metadata) for both demo tenants,
 * {@value #ARTICLES_PER_SCALE} per scale unit, written through the repository's bulk path ({@code insertAll}, which
 * also appends their audit history) as the application role bound to each tenant, then comments on them. Every
 * article carries the profile in {@code metadata.seed} and every audit entry the actor {@code seed:<profile>}:
 * seeding again tops up to the scale, and clearing removes exactly those rows (comments go with their articles).
 */
@Component
@Order(10)
class ArticleSeeder implements Seeder {

	static final int ARTICLES_PER_SCALE = 10_000;

	private static final int BATCH = 5_000;

	private static final List<String> TAGS = List.of("java", "reactive", "postgres", "redis", "spring", "kotlin",
			"performance", "security", "testing", "cloud", "kubernetes", "observability", "sql", "caching", "design",
			"api", "release", "tutorial", "howto", "news");

	private static final List<String> SUBJECTS = List.of("Connection pools", "Row-level security", "Keyset paging",
			"Cache stampedes", "Bulk inserts", "Audit trails", "Backpressure", "Schema migrations", "Soft deletes",
			"Full-text search", "Optimistic locking", "Read replicas");

	private static final List<String> ANGLES = List.of("in practice", "explained", "at scale", "without surprises",
			"for beginners", "under load", "the hard way", "in ten minutes");

	private static final List<String> AUTHORS = List.of("ada", "grace", "linus", "barbara", "ken", "margaret");

	private final ArticleRepository articles;

	ArticleSeeder(ArticleRepository articles) {
		this.articles = articles;
	}

	@Override
	public String name() {
		return "articles";
	}

	@Override
	public Set<String> profiles() {
		return Set.of("dev", "demo");
	}

	@Override
	public Mono<SeedCounts> seed(SeedContext context) {
		DatabaseClient owner = context.owner();
		String actor = actor(context);
		long perTenant = (long) context.scale() * ARTICLES_PER_SCALE / TenantSeeder.TENANTS.size();
		long total = perTenant * TenantSeeder.TENANTS.size();
		AtomicLong done = new AtomicLong();
		Mono<Long> auditBefore = auditEntries(owner, actor);
		// The tenants' articles go in side by side, each tenant's batches one after the other.
		Mono<Long> inserted = tenants(owner).flatMap(tenant -> owner
			.sql("SELECT count(*) AS n FROM articles WHERE tenant_id = :tenant AND metadata->>'seed' = :profile")
			.bind("tenant", tenant)
			.bind("profile", context.profile())
			.map(row -> row.get("n", Long.class))
			.one()
			.flatMapMany(existing -> {
				context.progress().advanced(name(), done.addAndGet(Math.min(existing, perTenant)), total);
				return Flux.range(0, (int) Math.max(0, (perTenant - existing + BATCH - 1) / BATCH))
					.map(batch -> batch * (long) BATCH + existing)
					.concatMap(from -> this.articles
						.insertAll(Flux.range(0, (int) Math.min(BATCH, perTenant - from))
							.map(index -> article(context.profile(), tenant, from + index)))
						.doOnNext(rows -> context.progress().advanced(name(), done.addAndGet(rows), total))
						.contextWrite(TenantContext.withTenant(tenant))
						.contextWrite(AuditContext.withActor(actor)));
			}), TenantSeeder.TENANTS.size())
			.reduce(0L, Long::sum);
		return auditBefore.flatMap(before -> inserted.flatMap(rows -> comments(owner, context.profile())
			.zipWith(auditEntries(owner, actor), (comments, audit) -> SeedCounts.none()
				.with("articles", rows)
				.with("comments", comments)
				.with("audit_log", audit - before))));
	}

	@Override
	public Mono<SeedCounts> clear(SeedContext context) {
		DatabaseClient owner = context.owner();
		Mono<Long> comments = owner
			.sql("SELECT count(*) AS n FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.metadata->>'seed' = :profile")
			.bind("profile", context.profile())
			.map(row -> row.get("n", Long.class))
			.one();
		Mono<Long> articles = owner.sql("DELETE FROM articles WHERE metadata->>'seed' = :profile")
			.bind("profile", context.profile())
			.fetch()
			.rowsUpdated();
		Mono<Long> audit = owner.sql("DELETE FROM audit_log WHERE actor = :actor")
			.bind("actor", actor(context))
			.fetch()
			.rowsUpdated();
		return comments.flatMap(removedComments -> articles.flatMap(removedArticles -> audit.map(removedAudit -> SeedCounts
			.none()
			.with("articles", removedArticles)
			.with("comments", removedComments)
			.with("audit_log", removedAudit))));
	}

	private static Flux<UUID> tenants(DatabaseClient owner) {
		return owner.sql("SELECT id FROM tenants WHERE slug = ANY(:slugs) ORDER BY slug")
			.bind("slugs", TenantSeeder.TENANTS.stream().map(TenantSeeder.DemoTenant::slug).toArray(String[]::new))
			.map(row -> row.get("id", UUID.class))
			.all();
	}

	/**
	 * Up to two comments on each seeded article that has none yet, in one statement as the owner.
	 */
	private static Mono<Long> comments(DatabaseClient owner, String profile) {
		return owner.sql("""
				INSERT INTO comments (tenant_id, article_id, author, body, created_at)
				SELECT a.tenant_id, a.id, (ARRAY['ada','grace','linus','barbara','ken','margaret'])[1 + (abs(hashtext(a.id::text)) + g) % 6],
				       'Comment ' || g || ': thoughts on "' || a.title || '"', a.created_at + g * interval '1 hour'
				FROM articles a
				CROSS JOIN LATERAL generate_series(1, abs(hashtext(a.id::text)) % 3) AS g
				WHERE a.metadata->>'seed' = :profile
				  AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.article_id = a.id)
				""").bind("profile", profile).fetch().rowsUpdated();
	}

	private static Mono<Long> auditEntries(DatabaseClient owner, String actor) {
		return owner.sql("SELECT count(*) AS n FROM audit_log WHERE actor = :actor")
			.bind("actor", actor)
			.map(row -> row.get("n", Long.class))
			.one();
	}

	private static String actor(SeedContext context) {
		return "seed:" + context.profile();
	}

	/**
	 * The article with this number for a tenant: the same every time, so the data is reproducible.
	 */
	private static Article article(String profile, UUID tenant, long number) {
		SplittableRandom random = new SplittableRandom(tenant.getLeastSignificantBits() ^ number);
		String title = SUBJECTS.get(random.nextInt(SUBJECTS.size())) + " " + ANGLES.get(random.nextInt(ANGLES.size()))
				+ " #" + (number + 1);
		List<String> tags = new ArrayList<>();
		for (int i = random.nextInt(1, 5); i > 0; i--) {
			String tag = TAGS.get(random.nextInt(TAGS.size()));
			if (!tags.contains(tag)) {
				tags.add(tag);
			}
		}
		ArticleStatus status = switch (random.nextInt(10)) {
			case 0, 1, 2 -> ArticleStatus.DRAFT;
			case 3 -> ArticleStatus.ARCHIVED;
			default -> ArticleStatus.PUBLISHED;
		};
		String body = title + " covers " + String.join(", ", tags) + ". " + "The data layer keeps requests "
				+ "non-blocking from the controller to PostgreSQL; this piece walks through the trade-offs with "
				+ "measurements, the configuration that matters and the mistakes to avoid.";
		String metadata = "{\"seed\":\"" + profile + "\",\"author\":\"" + AUTHORS.get(random.nextInt(AUTHORS.size()))
				+ "\",\"readingMinutes\":" + random.nextInt(2, 25) + ",\"language\":\"en\",\"featured\":"
				+ (random.nextInt(20) == 0) + "}";
		return new Article(title, body, status, tags, Json.of(metadata));
	}

}
