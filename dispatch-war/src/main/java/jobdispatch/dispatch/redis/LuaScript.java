package jobdispatch.dispatch.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script from the class path, run by its SHA1 and loaded again when Redis has lost it
 * (after a restart or SCRIPT FLUSH). Redis runs each script atomically.
 */
public final class LuaScript {

    private final String source;
    private volatile String sha;

    private LuaScript(String source) {
        this.source = source;
    }

    public static LuaScript fromResource(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no Lua script " + name + " on the class path");
            }
            return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        String known = sha;
        if (known != null) {
            try {
                return redis.evalsha(known, keys, args);
            } catch (JedisNoScriptException lost) {
                // Redis restarted without the script: load it again below
            }
        }
        sha = redis.scriptLoad(source);
        return redis.evalsha(sha, keys, args);
    }
}
