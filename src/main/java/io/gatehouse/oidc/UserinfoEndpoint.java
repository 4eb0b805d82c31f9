package io.gatehouse.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.JakartaServletUtils;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import com.nimbusds.openid.connect.sdk.UserInfoErrorResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import io.gatehouse.group.Groups;
import io.gatehouse.member.MemberSession;
import io.gatehouse.platform.Database;
import io.gatehouse.project.Project;
import io.gatehouse.role.EffectiveRoles;
import io.gatehouse.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * The userinfo endpoint: a Bearer access token this project signed, not expired, answered with the
 * person as the database says now (a changed role shows at once). A deactivated user, a deleted one
 * an ended session, a removed application or a revoked grant (its code or refresh token replayed) gets 401
 * {@code invalid_token} although the token has not expired. So does an application's own token (client
 * credentials): its subject is the client, no user, and it has no session.
 */
@ApplicationScoped
public class UserinfoEndpoint {
    private TokenSigner signer;
    private Database database;
    private Groups groups;
    private EffectiveRoles roles;

    protected UserinfoEndpoint() {
    }

    @Inject
    public UserinfoEndpoint(TokenSigner signer, Database database, Groups groups, EffectiveRoles roles) {
        this.signer = signer;
        this.database = database;
        this.groups = groups;
        this.roles = roles;
    }

    void userinfo(HttpServletRequest request, HttpServletResponse response, Project project, String issuer) throws IOException {
        HTTPResponse answer;
        try {
            UserInfoRequest info = UserInfoRequest.parse(JakartaServletUtils.createHTTPRequest(request, 16 * 1024));
            // IOException here: the body is over 16 KiB (the token goes in the header; a form body holds it at most)
            BearerAccessToken token = (BearerAccessToken) info.getAccessToken();
            Optional<UserInfo> person = signer.verify(project.id(), token.getValue(), TokenSigner.ACCESS_TOKEN, issuer)
                    .filter(claims -> !TokenSigner.expired(claims)).flatMap(claims -> person(project, claims));
            answer = person.isPresent() ? new UserInfoSuccessResponse(person.get()).toHTTPResponse()
                    : new UserInfoErrorResponse(BearerTokenError.INVALID_TOKEN
                    .setDescription("The access token is invalid or expired, or the user's access has ended")).toHTTPResponse();
        } catch (ParseException | ClassCastException | IOException | IllegalArgumentException e) {
            answer = new UserInfoErrorResponse(BearerTokenError.MISSING_TOKEN).toHTTPResponse();
        }
        answer.setCacheControl("no-store");
        JakartaServletUtils.applyHTTPResponse(answer, response);
    }

    private Optional<UserInfo> person(Project project, JWTClaimsSet claims) {
        return database.read(em -> {
            User user = em.find(User.class, claims.getSubject());
            Object sid = claims.getClaim("sid");
            MemberSession session = sid == null ? null : em.find(MemberSession.class, sid.toString());
            Object clientId = claims.getClaim("client_id"); // a removed application's tokens end with it
            if (user == null || !user.active() || session == null || session.ended() || clientId == null
                    || Applications.byClientId(em, project.id(), clientId.toString()).isEmpty()
                    || !Grants.familyLive(em, claims.getClaim(TokenMinter.GRANT_FAMILY))) {
                return Optional.empty();
            }
            UserInfo info = new UserInfo(new com.nimbusds.oauth2.sdk.id.Subject(user.id()));
            Person.read(em, groups, roles, project, user).claims().forEach(info::setClaim);
            return Optional.of(info);
        });
    }
}
