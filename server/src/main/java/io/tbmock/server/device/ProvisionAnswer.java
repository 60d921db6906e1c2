package io.tbmock.server.device;

/**
 * What a provision request got: the JSON ThingsBoard answers (SUCCESS, NOT_FOUND or FAILURE, in
 * {@code json}), or a request ThingsBoard fails on before it answers ({@code refusal}, its message).
 */
public record ProvisionAnswer(String json, String refusal) {
    public boolean answered() {
        return json != null;
    }
}
