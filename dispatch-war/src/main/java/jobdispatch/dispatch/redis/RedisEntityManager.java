package jobdispatch.dispatch.redis;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * The generic part of storing an entity in Redis, one hash per entity at
 * {@code prefix:id} (the Java form of the seed's {@code src/entities/base.ts}). A subclass
 * names the prefix and maps a hash's fields to its entity; it writes through Lua scripts, so
 * that every change is one atomic step.
 *
 * @param <E> the entity type
 */
public abstract class RedisEntityManager<E> {

    protected abstract UnifiedJedis redis();

    /** The key prefix of this entity's hashes, such as {@code job}. */
    protected abstract String prefix();

    protected abstract E fromHash(Map<String, String> hash);

    public String key(String id) {
        return prefix() + ":" + id;
    }

    public Optional<E> find(String id) {
        Map<String, String> hash = redis().hgetAll(key(id));
        return hash.isEmpty() ? Optional.empty() : Optional.of(fromHash(hash));
    }

    /** Loads several entities in one round trip, in the order of the ids, skipping ids that are gone. */
    public List<E> findAll(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (AbstractPipeline pipeline = redis().pipelined()) {
            List<Response<Map<String, String>>> hashes = ids.stream().map(id -> pipeline.hgetAll(key(id))).toList();
            pipeline.sync();
            return hashes.stream().map(Response::get).filter(hash -> !hash.isEmpty()).map(this::fromHash).toList();
        }
    }
}
