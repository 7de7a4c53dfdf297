package io.kiipush.gateway;

/**
 * Why results reported with {@link CommandResults} were not delivered to Kii: a short error code (Kii's
 * {@code errorCode} such as {@code COMMAND_NOT_FOUND}, or one of the bundle's own: {@code INVALID_INPUT},
 * {@code IDENTITY_NOT_THING}, {@code OUTBOX_FULL}, {@code STOPPED}), the HTTP status when Kii answered, and a message
 * for an operator. Never holds a secret.
 */
public final class CommandResultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String commandId;
    private final String errorCode;
    private final int status;

    /**
     * @param commandId the command whose results were not delivered
     * @param errorCode the short error code
     * @param status the HTTP status of Kii's answer, 0 when Kii was not asked or did not answer
     * @param message what happened and what to do
     */
    public CommandResultException(String commandId, String errorCode, int status, String message) {
        super(message);
        this.commandId = commandId;
        this.errorCode = errorCode;
        this.status = status;
    }

    /** @return the command ID */
    public String getCommandId() {
        return commandId;
    }

    /** @return the short error code */
    public String getErrorCode() {
        return errorCode;
    }

    /** @return the HTTP status of Kii's answer, 0 when there was none */
    public int getStatus() {
        return status;
    }
}
