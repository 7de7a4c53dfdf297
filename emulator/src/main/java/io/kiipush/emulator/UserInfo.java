package io.kiipush.emulator;

/**
 * A registered user and a fresh access token.
 *
 * @param userId Kii user ID
 * @param loginName login name
 * @param accessToken bearer token for the user
 */
public record UserInfo(String userId, String loginName, String accessToken) {

    @Override
    public String toString() {
        return "UserInfo[userId=" + userId + " loginName=" + loginName + "]";
    }
}
