package io.kiipush.emulator.internal.service;

/** Kii error codes with their HTTP status and exception name (docs/kii-protocol.md §9, the JS SDK error table). */
public enum KiiError {
    UNAUTHORIZED(401, "UnauthorizedAccessException"),
    WRONG_TOKEN(403, "WrongTokenException"),
    APP_NOT_FOUND(404, "AppNotFoundException"),
    USER_NOT_FOUND(404, "UserNotFoundException"),
    USER_ALREADY_EXISTS(409, "UserAlreadyExistsException"),
    THING_NOT_FOUND(404, "ThingNotFoundException"),
    THING_ALREADY_EXISTS(409, "ThingAlreadyExistsException"),
    WRONG_PASSWORD(401, "WrongPasswordException"),
    GROUP_NOT_FOUND(404, "GroupNotFoundException"),
    BUCKET_NOT_FOUND(404, "BucketNotFoundException"),
    FILTER_NOT_FOUND(404, "FilterNotFoundException"),
    OBJECT_NOT_FOUND(404, "ObjectNotFoundException"),
    OBJECT_BODY_NOT_FOUND(404, "ObjectBodyNotFoundException"),
    OBJECT_VERSION_IS_STALE(409, "ObjectVersionIsStaleException"),
    OBJECT_ALREADY_EXISTS(409, "ObjectAlreadyExistsException"),
    INSTALLATION_NOT_FOUND(404, "InstallationNotFoundException"),
    MQTT_ENDPOINT_NOT_FOUND(404, "MqttEndpointNotFoundException"),
    MQTT_ENDPOINT_NOT_READY(503, "MqttEndpointNotReadyException"),
    PUSH_SUBSCRIPTION_ALREADY_EXISTS(409, "PushSubscriptionAlreadyExistsException"),
    PUSH_SUBSCRIPTION_NOT_FOUND(404, "PushSubscriptionNotFoundException"),
    TOPIC_ALREADY_EXISTS(409, "TopicAlreadyExistsException"),
    TOPIC_NOT_FOUND(404, "TopicNotFoundException"),
    ACL_NOT_FOUND(404, "ACLNotFoundException"),
    COMMAND_NOT_FOUND(404, "CommandNotFoundException"),
    INVALID_INPUT_DATA(400, "InvalidInputDataException"),
    INVALID_JSON(400, "InvalidJsonException"),
    INVALID_BUCKET(400, "InvalidBucketException"),
    QUERY_NOT_SUPPORTED(400, "QueryNotSupportedException"),
    UNSUPPORTED_MEDIA_TYPE(415, "UnsupportedMediaTypeException"),
    NOT_FOUND(404, "NotFoundException"),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowedException"),
    RESOURCE_TEMPORARILY_UNAVAILABLE(503, "ResourceTemporarilyUnavailableException"),
    UNDEFINED_ERROR(500, "UndefinedException");

    private final int status;
    private final String exceptionName;

    KiiError(int status, String exceptionName) {
        this.status = status;
        this.exceptionName = exceptionName;
    }

    public int status() {
        return status;
    }

    public String exceptionName() {
        return exceptionName;
    }
}
