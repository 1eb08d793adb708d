package cn.jifen.notify.internal;

import cn.jifen.ledger.PostingsCreated;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.EventListenerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalApplicationListenerMethodAdapter;

/**
 * Makes the after-commit listener of a large posting batch ({@link Only}) decide in Java, not in a SpEL condition,
 * whether a {@link PostingsCreated} is its: Spring Modulith asks every listener of an event's type whether it
 * handles the event each time one is published, and a SpEL condition naming a bean and the event's size was built
 * into an evaluation context and interpreted on every posting; for a counter redemption, which never has more than
 * {@link NotifyEvents#IN_TRANSACTION_MAX} postings, that was ~4 % of its CPU in the JVM (issue #17, JFR). The answer
 * is the one the condition gave: recording on and more postings than that. Everything else (the transaction phase,
 * the publication registry, its listener id, the asynchronous call) is Spring's own adapter's.
 */
@Component
class LargeBatchListeners implements EventListenerFactory, Ordered, BeanFactoryAware {
    /** On an {@code @ApplicationModuleListener} of {@link PostingsCreated}: only batches larger than the in-transaction ones. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Only { }

    /**
     * Looked up when first asked: this factory is made while the bean definitions are still being processed, before
     * constructor injection is available and before NotifyRecording may be made.
     */
    private ObjectProvider<NotifyRecording> recording;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.recording = beanFactory.getBeanProvider(NotifyRecording.class);
    }

    /** Before Spring's transactional listener factory (50), which would otherwise make the adapter. */
    @Override
    public int getOrder() {
        return 40;
    }

    @Override
    public boolean supportsMethod(Method method) {
        return AnnotatedElementUtils.hasAnnotation(method, Only.class);
    }

    @Override
    public ApplicationListener<?> createApplicationListener(String beanName, Class<?> type, Method method) {
        return new TransactionalApplicationListenerMethodAdapter(beanName, type, method) {
            @Override
            public boolean shouldHandle(ApplicationEvent event) {
                return event instanceof PayloadApplicationEvent<?> p && p.getPayload() instanceof PostingsCreated c
                        && c.postings().size() > NotifyEvents.IN_TRANSACTION_MAX && recording.getObject().on();
            }
        };
    }
}
