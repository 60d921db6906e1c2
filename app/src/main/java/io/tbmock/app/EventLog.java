package io.tbmock.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.Json;
import io.tbmock.admin.internal.JsonViews;
import io.tbmock.server.model.Event;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The launcher's console log: a line for the start, the stop, and every event the journal records (a connect
 * with its protocol level, a refusal with its code and reason, a rejected publish or subscription, RPCs sent,
 * answered and timed out, what devices report, a disconnect with its reason), as text or as one JSON object a
 * line ({@code --log-format json}, the event in the admin API's shape).
 */
final class EventLog implements Consumer<Event> {
    /** How the lines are written. */
    enum Format { TEXT, JSON }

    private final Format format;
    private final PrintStream out;

    EventLog(Format format, PrintStream out) {
        this.format = format;
        this.out = out;
    }

    @Override
    public void accept(Event event) {
        if (format == Format.JSON) {
            ObjectNode line = Json.object().put("time", Instant.ofEpochMilli(event.ts()).toString()).put("level", "INFO");
            line.setAll(JsonViews.event(event));
            print(line);
        } else {
            out.println(Instant.ofEpochMilli(event.ts()) + " INFO " + event);
        }
        out.flush();
    }

    /** A line of the launcher's own (started, stopping, stopped). */
    void message(String message) {
        if (format == Format.JSON) {
            print(Json.object().put("time", Instant.now().toString()).put("level", "INFO").put("message", message));
        } else {
            out.println(message);
        }
        out.flush();
    }

    private void print(ObjectNode line) {
        out.println(new String(Json.bytes(line), StandardCharsets.UTF_8));
    }
}
