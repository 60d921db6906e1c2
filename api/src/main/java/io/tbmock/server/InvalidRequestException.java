package io.tbmock.server;

/** A request field is missing or invalid. {@link #field()} names it, in the admin API's JSON path form. */
public class InvalidRequestException extends TbMockException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field, such as {@code credentials.token}. */
    public String field() {
        return field;
    }
}
