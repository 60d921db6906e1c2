package io.tbmock.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.Json;
import io.tbmock.admin.internal.JsonViews;
import io.tbmock.server.model.Event;

import java.io.BufferedWriter;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The launcher's console log: a line for the start, the stop, and every event the journal records (a connect
 * with its protocol level, a refusal with its code and reason, a rejected publish or subscription, RPCs sent,
 * answered and timed out, what devices report, a disconnect with its reason), as text or as one JSON object a
 * line ({@code --log-format json}, the event in the admin API's shape).
 *
 * <p>Event lines are buffered and written when the journal has told the batch of events that arrived meanwhile
 * ({@link Flushable}): a flood of telemetry costs a write per batch, not one per line.
 */
final class EventLog implements Consumer<Event>, Flushable {
    /** How the lines are written. */
    enum Format { TEXT, JSON }

    private static final int BUFFER_CHARS = 64 * 1024;

    private final Format format;
    private final Writer out;

    EventLog(Format format, PrintStream out) {
        this.format = format;
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER_CHARS);
    }

    @Override
    public synchronized void accept(Event event) {
        if (format == Format.JSON) {
            ObjectNode line = Json.object().put("time", Instant.ofEpochMilli(event.ts()).toString()).put("level", "INFO");
            line.setAll(JsonViews.event(event));
            print(line);
        } else {
            println(Instant.ofEpochMilli(event.ts()).toString(), " INFO ", event.toString());
        }
    }

    /** A line of the launcher's own (started, stopping, stopped), written at once. */
    synchronized void message(String message) {
        if (format == Format.JSON) {
            print(Json.object().put("time", Instant.now().toString()).put("level", "INFO").put("message", message));
        } else {
            println(message);
        }
        flush();
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void print(ObjectNode line) {
        println(new String(Json.bytes(line), StandardCharsets.UTF_8));
    }

    private void println(String... parts) {
        try {
            for (String part : parts) {
                out.write(part);
            }
            out.write(System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
