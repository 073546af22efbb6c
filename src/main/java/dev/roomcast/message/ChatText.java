package dev.roomcast.message;

import dev.roomcast.config.Settings;
import jakarta.inject.Inject;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A chat text: not blank, and at most {@code max-text-chars} characters (4,000 by default). The limit is
 * a setting, so the check is a constraint whose validator is injected with {@link Settings}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ChatText.Validator.class)
public @interface ChatText {

    String message() default "must not be blank and at most {max} characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ChatText, String> {

        @Inject
        Settings settings;

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            if (text == null) {
                return true; // @NotNull says whether it is required
            }
            int max = settings.maxTextChars();
            boolean valid = !text.isBlank() && text.codePointCount(0, text.length()) <= max;
            if (!valid) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate("must not be blank and at most " + max + " characters")
                        .addConstraintViolation();
            }
            return valid;
        }
    }
}
