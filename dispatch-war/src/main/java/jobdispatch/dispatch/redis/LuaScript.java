package jobdispatch.dispatch.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
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

    /** One script made of class path resources, in order (a shared prelude, then the script). */
    public static LuaScript fromResources(String... names) {
        StringBuilder source = new StringBuilder();
        for (String name : names) {
            try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("no Lua script " + name + " on the class path");
                }
                source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new LuaScript(source.toString());
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

    /**
     * Runs the script once for each argument list, all in one pipeline (one round trip); each
     * run is still atomic on its own. The replies come in the order of the argument lists.
     */
    public List<Object> runAll(UnifiedJedis redis, List<List<String>> argLists) {
        String known = sha;
        if (known != null) {
            List<Object> replies = pipelined(redis, known, argLists);
            if (replies != null) {
                return replies;
            }
        }
        sha = redis.scriptLoad(source);
        List<Object> replies = pipelined(redis, sha, argLists);
        if (replies == null) {
            throw new JedisNoScriptException("NOSCRIPT right after SCRIPT LOAD");
        }
        return replies;
    }

    /** The replies, or null when Redis did not know the script (then none of the runs happened). */
    private static List<Object> pipelined(UnifiedJedis redis, String sha, List<List<String>> argLists) {
        List<Response<Object>> responses = new ArrayList<>(argLists.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (List<String> args : argLists) {
                responses.add(pipeline.evalsha(sha, List.of(), args));
            }
            pipeline.sync();
        }
        List<Object> replies = new ArrayList<>(responses.size());
        for (Response<Object> response : responses) {
            try {
                replies.add(response.get());
            } catch (JedisDataException error) {
                if (error instanceof JedisNoScriptException || String.valueOf(error.getMessage()).startsWith("NOSCRIPT")) {
                    return null;
                }
                throw error;
            }
        }
        return replies;
    }
}
