package io.pharos.logs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The seed's log page JSON, for task logs and console logs alike. */
public final class LogViews {
    private LogViews() {
    }

    public static Map<String, Object> log(LogPage p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entries", p.entries());
        m.put("rewindToken", p.rewindToken());
        m.put("forwardToken", p.forwardToken());
        m.put("pending", p.pending());
        m.put("message", p.message());
        m.put("downloads", downloads(p.downloads()));
        m.put("truncated", p.truncated());
        return Map.of("log", m);
    }

    private static List<Map<String, Object>> downloads(List<LogPage.Download> downloads) {
        return downloads.stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fileName", d.fileName());
            m.put("displayText", d.displayText());
            m.put("saveName", d.saveName());
            return m;
        }).toList();
    }
}
