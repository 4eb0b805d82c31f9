package io.gatehouse.scim;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One SCIM request of the request log and Gatehouse's answer to it, bodies masked and capped. Written
 * by {@link ScimRequestLog} in batches (JDBC); read here.
 */
@Entity
@Table(name = "gh_scim_exchange")
public class ScimExchange {
    @Id
    private Long id;
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "received_at")
    private Instant receivedAt;
    @Column(name = "token_id")
    private String tokenId;
    private String method;
    private String path;
    private int status;
    @Column(name = "latency_ms")
    private long latencyMs;
    @Column(name = "user_id")
    private String userId;
    @Column(name = "user_name")
    private String userName;
    @Column(name = "request_body")
    private String requestBody;
    @Column(name = "response_body")
    private String responseBody;
    @Column(name = "request_bytes")
    private long requestBytes;
    @Column(name = "response_bytes")
    private long responseBytes;

    protected ScimExchange() {
    }

    public boolean succeeded() {
        return status < 400;
    }

    public Long id() { return id; }
    public String projectId() { return projectId; }
    public Instant receivedAt() { return receivedAt; }
    public String tokenId() { return tokenId; }
    public String method() { return method; }
    public String path() { return path; }
    public int status() { return status; }
    public long latencyMs() { return latencyMs; }
    public String userId() { return userId; }
    public String userName() { return userName; }
    public String requestBody() { return requestBody; }
    public String responseBody() { return responseBody; }
    public long requestBytes() { return requestBytes; }
    public long responseBytes() { return responseBytes; }
}
