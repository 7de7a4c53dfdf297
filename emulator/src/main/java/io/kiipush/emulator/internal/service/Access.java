package io.kiipush.emulator.internal.service;

import io.kiipush.emulator.Scope;
import io.kiipush.emulator.Subscriber;
import io.kiipush.emulator.internal.state.Acl;
import io.kiipush.emulator.internal.state.AppData;
import io.kiipush.emulator.internal.state.Group;
import io.kiipush.emulator.internal.state.Principal;
import io.kiipush.emulator.internal.state.Thing;
import io.kiipush.emulator.internal.state.User;

/** Lookups and permission rules shared by the services. Callers hold the state lock. */
final class Access {

    private Access() {
    }

    static Principal requireToken(Principal p) {
        if (p == null) {
            throw KiiException.of(KiiError.UNAUTHORIZED, "An access token is required for this operation");
        }
        return p;
    }

    static Principal requireUserThingOrAdmin(Principal p) {
        requireToken(p);
        if (p.kind() == Principal.Kind.ANONYMOUS) {
            throw denied(p, "The anonymous user is not allowed to perform this operation");
        }
        return p;
    }

    static KiiException denied(Principal p, String message) {
        return KiiException.of(KiiError.UNAUTHORIZED, message, "authenticatedAppID", p == null ? null : p.appId(),
                "authenticatedPrincipalID", p == null ? null : p.id());
    }

    /** Resolves {@code id}, {@code me}, {@code LOGIN_NAME:x}, {@code EMAIL:x}, {@code PHONE:x}. */
    static User user(AppData app, String ref, Principal p) {
        User u = null;
        if ("me".equals(ref)) {
            if (p == null || !p.isUser()) {
                throw KiiException.of(KiiError.UNAUTHORIZED, "'me' needs a user token");
            }
            u = app.users.get(p.id());
        } else if (ref.startsWith("LOGIN_NAME:")) {
            u = byLogin(app, ref.substring(11));
        } else if (ref.startsWith("EMAIL:")) {
            u = byEmail(app, ref.substring(6));
        } else if (ref.startsWith("PHONE:")) {
            u = byPhone(app, ref.substring(6));
        } else {
            u = app.users.get(ref);
        }
        if (u == null) {
            throw KiiException.of(KiiError.USER_NOT_FOUND, "User " + ref + " was not found", "userID", ref);
        }
        return u;
    }

    static User byLogin(AppData app, String login) {
        for (User u : app.users.values()) {
            if (login.equalsIgnoreCase(u.loginName)) {
                return u;
            }
        }
        return null;
    }

    static User byEmail(AppData app, String email) {
        for (User u : app.users.values()) {
            if (email.equalsIgnoreCase(u.email)) {
                return u;
            }
        }
        return null;
    }

    static User byPhone(AppData app, String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        for (User u : app.users.values()) {
            if (u.phone != null && (phone.equals(u.phone) || u.phone.replaceAll("[^0-9]", "").endsWith(digits))) {
                return u;
            }
        }
        return null;
    }

    /** Resolves a thing ID or {@code VENDOR_THING_ID:x}. */
    static Thing thing(AppData app, String ref) {
        Thing t = null;
        if (ref.startsWith("VENDOR_THING_ID:")) {
            t = byVendorId(app, ref.substring(16));
        } else {
            t = app.things.get(ref);
        }
        if (t == null) {
            throw KiiException.of(KiiError.THING_NOT_FOUND, "Thing " + ref + " was not found", "thingID", ref);
        }
        return t;
    }

    static Thing byVendorId(AppData app, String vendorThingId) {
        for (Thing t : app.things.values()) {
            if (vendorThingId.equals(t.vendorThingId)) {
                return t;
            }
        }
        return null;
    }

    static Group group(AppData app, String id) {
        Group g = app.groups.get(id);
        if (g == null) {
            throw KiiException.of(KiiError.GROUP_NOT_FOUND, "Group " + id + " was not found", "groupID", id);
        }
        return g;
    }

    /** Resolves a scope's ID (thing refs may be vendor IDs) and checks the entity exists. */
    static Scope resolve(AppData app, Scope scope, Principal p) {
        return switch (scope.type()) {
            case APP -> scope;
            case USER -> Scope.user(user(app, scope.id(), p).id);
            case GROUP -> Scope.group(group(app, scope.id()).id);
            case THING -> Scope.thing(thing(app, scope.id()).id);
        };
    }

    static boolean inGroup(AppData app, String userId, String groupId) {
        Group g = app.groups.get(groupId);
        return g != null && (userId.equals(g.owner) || g.members.contains(userId));
    }

    static boolean ownsThing(AppData app, Principal p, Thing t) {
        if (p == null || !p.isUser()) {
            return false;
        }
        if (t.ownerUsers.contains(p.id())) {
            return true;
        }
        for (String g : t.ownerGroups) {
            if (inGroup(app, p.id(), g)) {
                return true;
            }
        }
        return false;
    }

    /** Scope owners (the user, group members, the thing and its owners) may do anything inside their scope. */
    static boolean ownsScope(AppData app, Principal p, Scope scope) {
        if (p == null) {
            return false;
        }
        if (p.isAdmin()) {
            return true;
        }
        return switch (scope.type()) {
            case APP -> false;
            case USER -> p.isUser() && p.id().equals(scope.id());
            case GROUP -> p.isUser() && inGroup(app, p.id(), scope.id());
            case THING -> (p.isThing() && p.id().equals(scope.id()))
                    || (app.things.containsKey(scope.id()) && ownsThing(app, p, app.things.get(scope.id())));
        };
    }

    /** Admin, scope owner, resource owner, or an ACL entry matching the principal. */
    static boolean permitted(AppData app, Principal p, Acl acl, String action, Scope scope, Principal owner) {
        if (ownsScope(app, p, scope)) {
            return true;
        }
        if (p != null && owner != null && p.kind() == owner.kind() && p.id() != null && p.id().equals(owner.id())) {
            return true;
        }
        if (acl.has(action, Acl.ANONYMOUS_USER)) {
            return true;
        }
        if (p == null) {
            return false;
        }
        if (p.isUserOrThing() && acl.has(action, Acl.ANY_AUTHENTICATED_USER)) {
            return true;
        }
        if (p.isUser()) {
            if (acl.has(action, "UserID:" + p.id())) {
                return true;
            }
            for (String s : acl.subjects(action)) {
                if (s.startsWith("GroupID:") && inGroup(app, p.id(), s.substring(8))) {
                    return true;
                }
            }
        }
        return p.isThing() && acl.has(action, "ThingID:" + p.id());
    }

    /** May {@code p} act for {@code s} (subscribe it, read its state)? Itself, admin, or the owner of the thing. */
    static boolean actsFor(AppData app, Principal p, Subscriber s) {
        if (p == null) {
            return false;
        }
        if (p.isAdmin()) {
            return true;
        }
        if (s.kind() == Subscriber.Kind.USER) {
            return p.isUser() && p.id().equals(s.id());
        }
        if (p.isThing()) {
            return p.id().equals(s.id());
        }
        Thing t = app.things.get(s.id());
        return t != null && ownsThing(app, p, t);
    }

    /** @return the principal seen as a subscriber ({@code null} for admin/anonymous) */
    static Subscriber asSubscriber(Principal p) {
        if (p == null) {
            return null;
        }
        return switch (p.kind()) {
            case USER -> Subscriber.user(p.id());
            case THING -> Subscriber.thing(p.id());
            default -> null;
        };
    }

    static Principal asPrincipal(String appId, Subscriber s) {
        return new Principal(appId, s.kind() == Subscriber.Kind.USER ? Principal.Kind.USER : Principal.Kind.THING,
                s.id());
    }

    /** Checks that the subscriber exists; thing refs may be vendor IDs. */
    static Subscriber resolve(AppData app, Subscriber s) {
        if (s.kind() == Subscriber.Kind.USER) {
            return Subscriber.user(user(app, s.id(), null).id);
        }
        return Subscriber.thing(thing(app, s.id()).id);
    }

    /** Grants or revokes; the path subject forms {@code UserID:ANY_AUTHENTICATED_USER} etc. are normalised. */
    static void applyAcl(Acl acl, String action, String subject, boolean grant) {
        String s = subject;
        if (s.equals("UserID:" + Acl.ANY_AUTHENTICATED_USER) || s.equals("UserID:" + Acl.ANONYMOUS_USER)) {
            s = s.substring(7);
        }
        if (!(s.equals(Acl.ANY_AUTHENTICATED_USER) || s.equals(Acl.ANONYMOUS_USER) || s.startsWith("UserID:")
                || s.startsWith("GroupID:") || s.startsWith("ThingID:"))) {
            throw KiiException.of(KiiError.INVALID_INPUT_DATA, "Unknown ACL subject " + subject);
        }
        if (grant) {
            acl.grant(action, s);
        } else if (!acl.revoke(action, s)) {
            throw KiiException.of(KiiError.ACL_NOT_FOUND, "The ACL entry was not found", "subject", subject);
        }
    }
}
