package cn.jifen.shared;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs read-only work — public boards, posters, rankings, dashboards, reports, exports — on the read replica
 * ({@code JIFEN_DB_READ_URL}) when one is configured, healthy and not lagging; otherwise on the primary, silently.
 * Everything that writes, or must read its own writes, simply does not call this and stays on the primary.
 *
 * <p>The work runs in one read-only transaction whose connection is the only one the replica gives out: a
 * transaction started inside it ({@code REQUIRES_NEW}, e.g. an audit record) takes a primary connection. Called
 * inside a transaction that is already open, the work joins it (the primary: it may need to see that
 * transaction's writes). Without a read URL the work runs exactly as if this were not there.
 *
 * <p>When the replica's connection breaks during {@link #read} (the replica was stopped between two health probes),
 * the replica is marked down and the work runs once more on the primary, so the caller sees no error.
 * {@link #stream} (for responses already being written) does not retry; it only falls back when the connection is
 * taken.
 */
public final class ReadReplica {
    private final ReadRouting routing; // null: no replica configured
    private final TransactionTemplate readOnly;

    ReadReplica(ReadRouting routing, PlatformTransactionManager transactions) {
        this.routing = routing;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
    }

    /** Whether a read URL is configured (not whether the replica is up now). */
    public boolean configured() {
        return routing != null;
    }

    public <T> T read(Supplier<T> work) {
        if (routing == null || TransactionSynchronizationManager.isActualTransactionActive()) {
            return work.get();
        }
        routing.offerReplica();
        try {
            return readOnly.execute(s -> work.get());
        } catch (RuntimeException e) {
            if (!routing.servedByReplica() || !connectionLost(e)) {
                throw e;
            }
            routing.replicaFailed(e);
            return readOnly.execute(s -> work.get()); // offerReplica() not called again: the primary
        } finally {
            routing.endOffer();
        }
    }

    public void stream(Runnable work) {
        if (routing == null || TransactionSynchronizationManager.isActualTransactionActive()) {
            work.run();
            return;
        }
        routing.offerReplica();
        try {
            readOnly.executeWithoutResult(s -> work.run());
        } finally {
            routing.endOffer();
        }
    }

    /**
     * A broken or refused connection (SQLSTATE class 08, or 57P01–57P03: the server is shutting down). A rollback that
     * failed counts too: after a query was cut off, the rollback on the dead connection fails and its exception
     * replaces the query's ("Application exception overridden by rollback exception").
     */
    static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                    || t instanceof CannotCreateTransactionException || t instanceof TransactionSystemException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
