package jobdispatch.dispatch.jobs.control;

import java.util.ArrayList;
import java.util.List;

import jobdispatch.dispatch.redis.LuaScript;
import redis.clients.jedis.UnifiedJedis;

/** The Lua scripts that change jobs (src/main/resources/lua), each with the shared prelude. */
enum JobScripts {
    CREATE, CLAIM, PROGRESS, COMPLETE, FAIL, CANCEL, RETRY, REMOVE, EXPIRED_LEASES;

    private final LuaScript script = LuaScript.fromResources("/lua/lib.lua", "/lua/" + name().toLowerCase() + ".lua");

    /** Runs the script with these arguments (the scripts compute their keys) and returns its reply as strings. */
    List<String> run(UnifiedJedis redis, List<String> args) {
        return strings(script.run(redis, List.of(), args));
    }

    /** Runs a script that decides several items in one call (claim, complete): each item's reply, in order. */
    List<List<String>> runEach(UnifiedJedis redis, List<String> args) {
        return runEach(redis, List.of(), args);
    }

    /** As {@link #runEach(UnifiedJedis, List)}, with keys that the script reads for its reply (complete: jobs to return whole). */
    List<List<String>> runEach(UnifiedJedis redis, List<String> keys, List<String> args) {
        return ((List<?>) script.run(redis, keys, args)).stream().map(JobScripts::strings).toList();
    }

    private static List<String> strings(Object reply) {
        List<String> out = new ArrayList<>();
        for (Object item : (List<?>) reply) {
            out.add(String.valueOf(item));
        }
        return out;
    }
}
