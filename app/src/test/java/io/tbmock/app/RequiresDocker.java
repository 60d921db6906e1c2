package io.tbmock.app;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

/**
 * A test class that needs a Docker engine and {@link #tool()}: skipped, with a line on the console saying why,
 * where they are not there, so that {@code mvn verify} passes on a machine without Docker.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(RequiresDocker.Condition.class)
@interface RequiresDocker {
    /** The command the tests run besides the engine's: docker or docker-compose. */
    String tool() default "docker";

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<RequiresDocker> required = context.getElement()
                .map(element -> element.getAnnotation(RequiresDocker.class));
            if (required.isEmpty()) {
                return ConditionEvaluationResult.enabled("a test of a class that needs Docker");
            }
            Optional<String> problem = DockerCli.problemWith(required.get().tool());
            if (problem.isEmpty()) {
                return ConditionEvaluationResult.enabled("a Docker engine answers");
            }
            String reason = context.getDisplayName() + " skipped: " + problem.get();
            System.err.println(reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }
}
